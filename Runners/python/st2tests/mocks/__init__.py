"""In-memory stand-ins for the services st2 hands to actions and sensors."""
