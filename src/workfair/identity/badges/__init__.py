"""Badges: "Phone verified" and "Identity verified", granted and revoked, never deleted."""
