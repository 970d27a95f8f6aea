"""Step-up checks: when risk rises, the account proves it is its owner before a risky action goes on."""
