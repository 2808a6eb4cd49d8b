// SquallTransport: placeholder until its first file lands.
