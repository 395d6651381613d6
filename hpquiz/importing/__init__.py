"""`hpquiz deck import`: Anki packages, Anki text exports and Quizlet TSV into a deck file.

`sources` reads a file into neutral `Note`s (fields as HTML, tags, GUID, note type
shape); `mapping` turns notes into hpquiz card tables or a reason to skip them;
`deck_file` writes the TOML and checks it loads. Nothing here imports textual.
"""
