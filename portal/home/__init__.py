"""The person's home and the header every page shares.

homes.py  — what each role's home shows, with counts (onboarding, work, the team, people)
shell.py  — the shared header of the portal and the site: the person's menu with its counts,
            the language menu, `GET /portal/shell` for site pages, `POST /portal/account/language`
views.py  — /portal/ (the home) and its health check for load balancers
"""
