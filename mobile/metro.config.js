// Learn more https://docs.expo.io/guides/customizing-metro
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);

// EXPO_PUBLIC_API_URL is inlined into the bundle at build time: make it part of Metro's cache key,
// or a build for another API address would reuse modules built for the previous one.
config.cacheVersion = `${config.cacheVersion ?? ''}:api=${process.env.EXPO_PUBLIC_API_URL ?? ''}`;

module.exports = config;
