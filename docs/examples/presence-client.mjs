// Presence on a LiveTodo list (namespace /presence) with the official
// socket.io-client 4.x. The tests import this very file.
import { io } from 'socket.io-client';

/**
 * Opens `listId`'s presence and calls `onChange(users)` with the whole set
 * (`[{ id, username, editing }]`, one entry per user) whenever it changes.
 * Resolves with `{ socket, users, editing, leave }` once joined; rejects
 * with 'Access denied' for a list you are not a member of.
 */
export function joinPresence(url, token, listId, onChange) {
  const socket = io(`${url}/presence`, { auth: { token }, transports: ['websocket', 'polling'] });
  socket.on('presence', (set) => {
    if (set.listId === listId) onChange(set.users);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
    // Emitted again after every reconnect: presence lives as long as a socket.
    socket.on('connect', () => {
      socket.emit('presence:join', { listId }, (answer) => {
        if (!answer.success) {
          socket.close();
          return reject(new Error(answer.error));
        }
        resolve({
          socket,
          users: answer.users,
          // The todo you opened in an editor, or null when you close it.
          editing: (todoId) => socket.emit('presence:editing', { listId, todoId }),
          leave: () => socket.emit('presence:leave', { listId }),
        });
      });
    });
  });
}
