"""Every write of identity verification: phone codes, documents, video checks, badges, the
identity graph and step-ups. One transaction each, audited; side effects after commit."""
