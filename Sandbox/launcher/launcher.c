int squall_launcher_placeholder(void) { return 0; }
