"""Attachments: documents on applications, accountability reports and decisions, and the decision's letter."""
