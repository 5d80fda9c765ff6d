"""The guides pages: `/guides` and one page per technique, region and tool."""
