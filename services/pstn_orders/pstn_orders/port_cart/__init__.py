"""Port carts: numbers to port in, pasted or uploaded, each line classified and checked for portability."""
