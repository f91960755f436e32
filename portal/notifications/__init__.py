"""Notifications: people hear about what concerns them, in the portal's menu and by mail.

- `kinds.py`: the kinds of notification and the three deliveries (email now, daily digest,
  portal only)
- `preferences.py`: each person's delivery per kind
- `messages.py`: what notifications and mails say, in English, Arabic and Indonesian
- `mails.py`: a mail as text and HTML, with links under the base URL
- `notify.py`: notifying someone, the unread count, marking read
- `outbox.py`: the mail queue in the database (claims, retries, what admins see failing)
- `smtp.py`: sending one mail over SMTP
- `digest.py`: the daily digest
- `jobs.py`: periodic jobs, once per day or week whatever the number of workers
- `postman.py`: a round of jobs and sending, once or in a background thread
"""
