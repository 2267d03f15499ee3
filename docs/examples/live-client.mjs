// A LiveTodo realtime client in plain JavaScript (Node or a bundler), using
// the official socket.io-client 4.x. The tests import this very file.
import { io } from 'socket.io-client';

/**
 * Connects to LiveTodo and calls `onEvent(name, payload)` for every change.
 * `how` picks the token method: 'auth' (recommended), 'query' or 'header'.
 * Resolves with the socket once the server has answered `join`.
 */
export function connectLive(url, token, onEvent, how = 'auth') {
  const tokenOptions = {
    auth: { auth: { token } },
    query: { query: { token: `Bearer ${token}` } },
    header: { extraHeaders: { Authorization: `Bearer ${token}` } },
  }[how];
  const socket = io(url, { ...tokenOptions, transports: ['websocket', 'polling'] });

  for (const name of ['todo:created', 'todo:updated', 'todo:completed', 'todo:deleted']) {
    socket.on(name, (payload) => onEvent(name, payload));
  }
  // socketioxide keeps no missed events: after every (re)connect, refetch
  // the list (GET /api/v1/todos) before trusting further events.
  socket.on('resync', () => onEvent('resync', null));

  return new Promise((resolve, reject) => {
    socket.on('connect', () => socket.emit('join'));
    socket.once('joined', (hello) => resolve({ socket, user: hello.user }));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err); // err.message === 'unauthorized' for a bad or expired token
    });
  });
}
