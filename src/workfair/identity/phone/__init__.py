"""Phone numbers: codes by text or voice, one account per verified number, the providers that send them."""
