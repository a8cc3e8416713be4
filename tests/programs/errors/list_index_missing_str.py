# ValueError from list.index of a missing string: the message shows its repr (exit 1).
xs = ['a', 'b']
print(xs.index('b'))
xs.index('zz')
