"""The class report: learners hand in a file, the instructor sees the class.

`learner_file` writes and reads the learner file (`hpquiz stats --export`,
a documented JSON with a schema version; a progress database is read into the
same shape); `summary` aggregates many of them; `render` writes HTML and CSV.
"""
