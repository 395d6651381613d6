"""The errors a user can cause, with messages written for that user.

Every error the CLI or the TUI may show derives from `HpquizError`, so the
command line can turn any of them into one clear line and a non-zero exit
instead of a traceback.
"""


class HpquizError(Exception):
    """An error caused by the user's input or files, with a message meant for them."""

    exit_code = 1
