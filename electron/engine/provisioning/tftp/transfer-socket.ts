/**
 * The socket of one TFTP transfer (its TID, RFC 1350 §4): bound to the server's address on a new
 * port and connected to the client, with larger buffers for windowed transfers (RFC 7440).
 * Used by the server (main thread) and by transfer workers.
 */
import { createSocket, type Socket } from 'node:dgram';

/** Socket buffer asked for per transfer socket, bytes (the kernel may cap it). */
const SOCKET_BUFFER = 1024 * 1024;

/**
 * Open a transfer socket.
 * @param family `udp4` or `udp6`
 * @param bind local address (the server's bind address)
 * @param address the client's address
 * @param port the client's port
 * @returns the bound, connected socket
 * @throws the bind or connect error (the socket is closed)
 */
export async function openTransferSocket(family: 'udp4' | 'udp6', bind: string, address: string, port: number): Promise<Socket> {
  const s = createSocket({ type: family });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind({ address: bind, port: 0, exclusive: true }, () => {
        s.connect(port, address, () => {
          s.off('error', reject);
          resolve();
        });
      });
    });
  } catch (err) {
    s.close();
    throw err;
  }
  for (const set of [() => s.setSendBufferSize(SOCKET_BUFFER), () => s.setRecvBufferSize(SOCKET_BUFFER)]) {
    try {
      set();
    } catch {
      /* the kernel keeps its default */
    }
  }
  return s;
}
