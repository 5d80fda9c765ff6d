"""Readers' tips on the guide pages, and the moderators' queue (`/moderation`)."""
