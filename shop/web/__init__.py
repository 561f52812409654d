"""Site-wide web plumbing: security headers, locale, template helpers, errors."""
