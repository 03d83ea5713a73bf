export LOG_LEVEL="info"
