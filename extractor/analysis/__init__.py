"""What is done with stored records: claim groups and conflicts, exports, terminal rendering."""
