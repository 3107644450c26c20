"""What the daily pipeline's stages share beyond their own domain: knowing when a partition has nothing new."""
