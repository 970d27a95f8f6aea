"""Step-up checks when risk rises: questions from the account's history, a phone code, or identity again."""
