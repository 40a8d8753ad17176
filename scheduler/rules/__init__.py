"""One function per rule; each adds its constraints and returns its penalty terms."""
