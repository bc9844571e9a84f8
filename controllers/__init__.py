from . import document, verify
