"""The demo marketplace built by `workfair seed` (see `workfair.demo.marketplace`)."""
