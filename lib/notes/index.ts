// Public face of the demo app's notes.
export {
  createNote,
  listNotes,
  notesOverview,
  type NewNote,
  type Note,
  type NotesOverview,
} from './notes-repo';
