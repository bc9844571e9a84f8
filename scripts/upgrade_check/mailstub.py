# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""No SMTP server in the upgrade test: the outgoing mail server of the shell's
registry accepts every message without connecting anywhere (as Odoo's test
mode does), so that sending steps finish with their mail marked sent."""


class _Session:
    def quit(self):
        return None


def install(env):
    server = type(env["ir.mail_server"])

    def connect(self, *args, **kwargs):
        return _Session()

    def send_email(self, message, *args, **kwargs):
        return message["Message-Id"]

    server.connect = connect
    server.send_email = send_email
