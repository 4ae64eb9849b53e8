synthgen extra
