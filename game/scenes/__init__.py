"""Screens of the game. Each is a Scene with a clear lifecycle; the app owns the stack."""
