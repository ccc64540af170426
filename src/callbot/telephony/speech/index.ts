/** Speech answers on phone calls: recogniser seam, end-of-speech detection, listening, sherpa-onnx, carrier announcements. */
export { PHONE_SAMPLE_RATE, pcm16ToFloat32, Upsampler8kTo16k, type RecognitionStream, type SpeechRecogniser } from './recogniser.ts';
export { EndOfSpeechDetector, frameLevelDbfs, type DetectorVerdict, type EndOfSpeechDetectorOptions } from './endpoint.ts';
export { listenForAnswer, type ListenOptions, type ListenResult } from './listen.ts';
export { loadSherpaRecogniser, speechRecogniserFromEnv, type SherpaOptions } from './sherpa.ts';
export { detectSherpaModel, SHERPA_MODEL_KINDS, SpeechModelError, type SherpaModelKind, type SpeechModelErrorCode } from './sherpa-model.ts';
export { classifyAnnouncement, type AnnouncementKind } from './announcement.ts';
