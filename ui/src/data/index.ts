// The UI's data layer: queries the screens read, mutations that change and refresh.
export * from './actions';
export * from './client';
export * from './queries';
export * from './live';
