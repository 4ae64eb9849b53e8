synthgen --templates "$FIXTURES/templates/good.yaml" --list-templates | tail -n 2
