# hi! (this environment's options)
