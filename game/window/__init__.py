"""The window's edges beside the scenes: pygame's event queue, the gamepad, the mixer, and headless play on a
virtual clock. These import pygame; nothing in the core imports them."""
