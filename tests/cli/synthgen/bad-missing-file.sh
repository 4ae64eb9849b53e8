synthgen --templates nope.yaml
