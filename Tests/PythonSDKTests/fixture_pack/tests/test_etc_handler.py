"""Scripts in the pack's etc/ are importable by its tests, as st2-run-pack-tests arranges."""

import unittest

import ticket_handler


class TicketHandlerTestCase(unittest.TestCase):
    def test_title(self):
        self.assertEqual(ticket_handler.ticket_title({"title": "VPN down", "priority": "high"}), "[HIGH] VPN down")
