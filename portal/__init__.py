"""The Deskbook portal and command line."""
