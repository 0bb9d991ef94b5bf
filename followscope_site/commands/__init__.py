"""One module per verb; the CLI only parses arguments and calls these."""
