"""The public website of each organization: its published news, under /situs/<org>/ or its
own host name. See docs/public-site.md."""
