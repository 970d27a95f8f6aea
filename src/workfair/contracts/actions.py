"""Every write of this domain: do_<verb>_<noun>, one transaction, audited."""
