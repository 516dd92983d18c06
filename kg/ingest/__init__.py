"""Reading: files found and decoded (load), web pages reduced to text (markup), text made
uniform with a map back to the file (normalize), an article's title and date (metadata)."""
