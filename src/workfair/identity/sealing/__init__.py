"""Sealed storage: envelope encryption of documents, selfies and document details; key rotation; purging."""
