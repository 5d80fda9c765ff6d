"""The web app: pages and the JSON API over the same pure core (`create_app`)."""
