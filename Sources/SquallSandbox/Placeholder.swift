// SquallSandbox: placeholder until its first file lands.
