"""Identity's staff pages in the console: review, images side by side, video checks, linked accounts."""
