# a, b = 'xyz': ValueError too many values to unpack.
a, b = "xyz"
