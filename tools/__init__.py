"""Pure-Python helpers of the addon: no Odoo import, standard library only.

The modules here (amounts in words, Roman numerals, NIP parsing, letter numbers
and working-time arithmetic) are unit-tested with plain pytest and imported by
the Odoo layer, which translates their English error messages.
"""
