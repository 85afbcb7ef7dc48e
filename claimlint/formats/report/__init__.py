"""The parts of the html review report (``claimlint report``, ``--format html``); see ``formats.html``."""
