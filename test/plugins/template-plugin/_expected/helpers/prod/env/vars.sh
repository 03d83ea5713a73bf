# hello! (this environment's options)
export LOG_LEVEL="info"
