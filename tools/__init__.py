"""Pure-Python helpers of the addon: no Odoo import.

The modules here (amounts in words, Roman numerals, NIP parsing, letter numbers,
working-time arithmetic, the XLSX collection format, capaian and its rating) are
unit-tested with plain pytest and imported by the Odoo layer, which translates
their English error messages. Besides the standard library they use only packages Odoo
itself requires (xlsxwriter, openpyxl) and ``holidays``.
"""
