"""Devices: the device cookie, known devices, new-device and new-country login alerts."""
