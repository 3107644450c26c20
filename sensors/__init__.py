"""Sensors: new scrapes landing, and run failures turned into incidents."""
